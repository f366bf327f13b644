{{ $.Values.map | round }}
