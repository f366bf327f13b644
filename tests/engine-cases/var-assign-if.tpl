{{ $x := "a" }}{{ if true }}{{ $x = "b" }}{{ end }}{{ $x }}
{{ $y := 0 }}{{ with .Values.map }}{{ $y = .a }}{{ end }}{{ $y }}
