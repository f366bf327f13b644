a: {{ if false }}{{ else if index "abc" 5 }}{{ end }}
