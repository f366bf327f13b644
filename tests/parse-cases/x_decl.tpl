a: {{ $x := index "abc" 7 }}
