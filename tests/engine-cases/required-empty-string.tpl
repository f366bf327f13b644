{{ required "empty is required" .Values.empty }}
