{{ .Values.num }} {{ .Values.big }} {{ .Values.float }} {{ 3 }} {{ 1.5 }} {{ 1e6 }}
