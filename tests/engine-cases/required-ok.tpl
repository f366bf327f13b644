{{ required "x" .Values.str }}
