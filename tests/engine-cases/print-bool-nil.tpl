{{ .Values.yes_ }} {{ .Values.nil }} {{ .Values.missing }} {{ nil }}|
