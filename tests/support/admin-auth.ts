export function adminAuth(): Record<string, string> { return {}; }
