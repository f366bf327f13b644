{{ required "str2 is required" .Values.str2 }}
