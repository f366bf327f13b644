a <no value> b
