a: {{ .Values.a.b 1 }}
