#[derive(Clone)]
struct Person {
    name: String,
    age: u32,
    emails: Vec<String>,
}

fn adult_names(people: &[Person]) -> Vec<String> {
    people.iter().map(|p| p.clone()).filter(|p| p.age >= 18).map(|p| p.name.clone()).collect()
}
