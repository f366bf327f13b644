{{ if 0 }}a{{ end }}{{ if 0.0 }}b{{ end }}{{ if "" }}c{{ end }}{{ if .Values.emptyList }}d{{ end }}{{ if .Values.nil }}e{{ end }}{{ if "0" }}f{{ end }}{{ if .Values.map }}g{{ end }}
