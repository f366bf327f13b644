{{ $_ := set .Values.map "d" 4 }}{{ .Values.map }}
