{{ $sum := 0 }}{{ range .Values.nums }}{{ $sum = add $sum . }}{{ end }}{{ $sum }}
