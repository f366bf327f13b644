{{ $x := "a"
  | printf "%s"
}}ok