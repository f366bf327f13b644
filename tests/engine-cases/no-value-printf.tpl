{{ printf "%v" .Values.missing }}
