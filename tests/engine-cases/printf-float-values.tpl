{{ printf "%d" .Values.num }}|{{ printf "%v" .Values.big }}|{{ printf "%.0f" .Values.big }}
