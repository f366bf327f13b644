{{ .Values.list }} {{ .Values.map }} {{ .Values.emptyList }} {{ .Values.emptyMap }} {{ .Values.nested }}
