a: {{ .Values.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.b }}
