a: {{ .Values.x.y.z }}
