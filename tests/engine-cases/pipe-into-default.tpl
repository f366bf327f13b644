{{ .Values.missing | default "fallback" | upper }}
