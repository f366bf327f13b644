{{ required "zero ok" .Values.zero }}
