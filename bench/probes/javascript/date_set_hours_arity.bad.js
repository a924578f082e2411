export function endOfDay(day) {
  const end = new Date(day);
  end.setHours(23, 59, 59, 999, 0); // expect: js-wrong-arity
  return end;
}
