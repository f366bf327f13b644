{{ $v := "outer" }}{{ with .Values.map }}{{ $v }}-{{ .b }}{{ end }}
