{{ range $k, $v := dict "b" 2 "a" 1 "c" 3 }}{{ $k }}{{ $v }}{{ end }}
