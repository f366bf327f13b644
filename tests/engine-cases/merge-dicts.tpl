{{ $d := merge (dict "a" 1) (dict "a" 2 "b" 3) }}{{ $d }}
