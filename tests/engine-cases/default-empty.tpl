{{ default "d" .Values.empty }} {{ default "d" .Values.zero }} {{ default "d" .Values.missing }} {{ default "d" .Values.str }}
