{{ $x := .Values.list }}{{ $x.name }}
