{{ $d := dict "k" 1 }}a: {{ $d.k.z }}
