{{ $x := .Values.a }}a: {{ $x.b.c.d }}
