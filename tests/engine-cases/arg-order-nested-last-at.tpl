{{ omit (upper "") (ternary "x" 0 "y") }}
