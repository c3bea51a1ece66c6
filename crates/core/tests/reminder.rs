use backcalm_core::reminder::*;
use backcalm_core::TzName;
use uuid::Uuid;
#[test]
fn show() {
    let r = vec![
        Reminder::new(Uuid::from_u128(1), "08:30", TzName::new("Europe/London").unwrap(), "").unwrap(),
        Reminder::new(Uuid::from_u128(2), "7:05", TzName::new("America/New_York").unwrap(), "Breathe, rest; then \\ go\nok").unwrap(),
        Reminder::new(Uuid::from_u128(3), "21:00", TzName::new("Australia/Sydney").unwrap(), "").unwrap(),
        Reminder::new(Uuid::from_u128(4), "21:00", TzName::new("UTC").unwrap(), "").unwrap(),
        Reminder::new(Uuid::from_u128(5), "21:00", TzName::new("Asia/Kolkata").unwrap(), "").unwrap(),
        Reminder::new(Uuid::from_u128(6), "21:00", TzName::new("Asia/Jerusalem").unwrap(), "").unwrap(),
        Reminder::new(Uuid::from_u128(7), "21:00", TzName::new("Africa/Casablanca").unwrap(), "").unwrap(),
    ];
    let s = ics(&r, "2026-11-26T10:00:00Z".parse().unwrap());
    std::fs::write("/tmp/scratch/out.ics", &s).unwrap();
}
