/**
 * The tasks of the reminders to bring a carrier back: the borrower's 「借阅即将到期」/「借阅逾期」 and the
 * 「携带外出逾期未还」 of a carry-out. Each is done for everyone told once the carrier is back.
 */
export const loanTask = (loanId: string): string => `carriers.loan:${loanId}`;
export const carryOutTask = (carryOutId: string): string => `carriers.carry_out:${carryOutId}`;
