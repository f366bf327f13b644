{{ .Values.nil }}|{{ .Values.missing }}|
