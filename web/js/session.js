// The logged-in user and what the role may see; loaded from /api/v1/me.
import {get, setCsrf} from './api.js';

export const session = {user: null, features: {settings: false}};

export async function loadSession() {
  try {
    const r = await get('/me', {noRedirect: true});
    session.user = r.user;
    setCsrf(r.csrf_token || null);
  } catch (e) {
    session.user = null;
  }
  return session.user;
}

export function setUser(user, csrf) { session.user = user; setCsrf(csrf); }

export const role = () => (session.user ? session.user.role : null);
export const isStaff = () => ['agent', 'admin'].includes(role());
export const isAdmin = () => role() === 'admin';
export const isLeader = () => ['leader', 'admin'].includes(role());
export const isRequester = () => role() === 'requester';
