{{ .Values.map "x" }}
