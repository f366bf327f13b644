{{ lt "a" "b" }} {{ ge "b" "b" }} {{ gt 2 1 }} {{ le 1.5 .Values.float }}
