{{ .Values.nested.inner.deep }}
