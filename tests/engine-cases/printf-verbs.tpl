{{ printf "%s|%d|%v|%q|%5.1f|%-4s|%04d" "s" 7 .Values.map "q" 3.14159 "ab" 42 }}
