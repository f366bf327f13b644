{{ .Values.map | trunc (fail "B") }}
