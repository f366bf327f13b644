{{ .Release.Name.first }}
