// /console/: send each role to its first page.
import { get } from './api.js';
import { homeOf } from './shell.js';

get('/api/v1/me').then((me) => location.replace(homeOf(me)));
