fn to_csv_line(fields: &[String]) -> String {
    fields.iter().fold(String::new(), |line, f| format!("{}{},", line, f))
}
