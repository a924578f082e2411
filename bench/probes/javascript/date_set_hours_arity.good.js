export function endOfDay(day) {
  const end = new Date(day);
  end.setHours(23, 59, 59, 999);
  return end;
}
