import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { oid } from '../../../infra/persistence';
import { ROUTING_MAP, type RoutingMapDoc } from './routing-map.schema';

const CURRENT = 'current';

@Injectable()
export class RoutingMapRepository {
  constructor(@InjectModel(ROUTING_MAP) private readonly model: Model<RoutingMapDoc>) {}

  current(): Promise<RoutingMapDoc | null> {
    return this.model.findById(CURRENT).lean<RoutingMapDoc>().exec();
  }

  /** Replaces the map (upsert), acknowledged before the caller answers. */
  save(domains: RoutingMapDoc['domains'], by: string, at: Date): Promise<RoutingMapDoc | null> {
    return this.model
      .findOneAndUpdate(
        { _id: CURRENT },
        { $set: { domains, updatedAt: at, updatedBy: oid(by) }, $inc: { version: 1 } },
        { upsert: true, new: true },
      )
      .lean<RoutingMapDoc>()
      .exec();
  }
}
