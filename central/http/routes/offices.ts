import type { FastifyPluginAsync } from 'fastify';
import { isOfficeRole } from '../../accounts/roles.ts';
import { listOffices } from '../../db/offices.ts';
import { requireUser } from '../auth.ts';
import type { CoreDeps } from '../deps.ts';

/** GET /api/offices: every office for city-wide roles, only their own for office staff. */
export function officeRoutes(deps: CoreDeps): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/offices', { preValidation: requireUser() }, async (request) => {
      const u = request.user;
      const offices = isOfficeRole(u.role) ? listOffices(deps.db, u.office ?? '') : listOffices(deps.db);
      return { offices };
    });
  };
}
