{{ if and .Values.nested .Values.nested.inner .Values.nested.inner.deep }}deep={{ .Values.nested.inner.deep }}{{ end }}
