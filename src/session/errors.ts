// Bad input the user can correct (an option, a file named by one): main.ts prints the message
// as one line and exits 2. Defined below the commands so every floor that reads user input
// (the session, the capability rooms) can say so without importing the CLI.
export class UsageError extends Error {}
