const FORMAT = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) in Asia/Shanghai, where certificate dates are defined. */
export function shanghaiDate(at: Date | string = new Date()): string {
  if (typeof at === 'string') return at;
  return FORMAT.format(at);
}
