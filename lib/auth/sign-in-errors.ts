/**
 * Messages for the sign-in page's `?error=` parameter, which next-auth fills in. The parameter is
 * attacker-controllable, so only known codes produce text: nothing from the URL is echoed verbatim.
 */

const MESSAGES: Record<string, string> = {
  CredentialsSignin: 'Wrong username or password.',
  OAuthSignin:
    'Could not start sign-in with the identity provider. Try again, or ask an administrator.',
  OAuthCallback: 'The identity provider’s answer could not be verified. Try again.',
  OAuthCreateAccount: 'The identity provider’s answer could not be verified. Try again.',
  Callback: 'The identity provider’s answer could not be verified. Try again.',
  OAuthAccountNotLinked: 'That account cannot be used here.',
  AccessDenied: 'Your account is not allowed to use this dashboard.',
  SessionRequired: 'Please sign in to continue.',
  Configuration: 'Sign-in is misconfigured on the server. Ask an administrator.',
};

export const THROTTLED_PREFIX = 'Throttled:';
const THROTTLE_WAIT = /^\d{1,4} (?:second|seconds|minute|minutes)$/;

export function describeSignInError(code: string | null | undefined): string | null {
  if (!code) return null;
  if (code.startsWith(THROTTLED_PREFIX)) {
    const wait = code.slice(THROTTLED_PREFIX.length);
    return THROTTLE_WAIT.test(wait)
      ? `Too many failed sign-ins. Try again in ${wait}.`
      : 'Too many failed sign-ins. Try again later.';
  }
  return MESSAGES[code] ?? 'Sign-in failed. Try again.';
}
