a: {{ (.Values.a).b.c }}
