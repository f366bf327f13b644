{{ or .Values.str .Values.missing.deeper }}
