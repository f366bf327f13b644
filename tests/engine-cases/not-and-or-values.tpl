{{ not .Values.empty }} {{ and .Values.str .Values.num }} {{ or .Values.empty .Values.zero .Values.nil }}
